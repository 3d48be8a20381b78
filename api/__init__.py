"""The read-only public API at /api/v2/ (Wagtail's API v2): live, public projects, case
studies and organisations, and the wards and indicators with their figures."""
