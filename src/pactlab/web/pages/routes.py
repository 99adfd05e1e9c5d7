"""Pages (placeholder while the API is tested)."""

from fastapi import APIRouter

router = APIRouter()
