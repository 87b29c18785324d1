"""Hostile and unlucky inputs (issue 8): each test builds its input itself; nothing large is committed."""
