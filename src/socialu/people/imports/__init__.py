"""Roster import jobs: storing uploads and queuing imports, for the web pages and the API."""
