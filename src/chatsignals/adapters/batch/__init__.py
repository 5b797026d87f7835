"""Batch engines that run backfill's decision step on other processes or machines."""
