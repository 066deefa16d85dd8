"""A client library for accessing Run steps API (OpenAI Assistants v2, list run steps)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
