"""Timelines over events: the state of a vote at any moment, without timers."""
