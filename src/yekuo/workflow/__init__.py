"""The application lifecycle engine: process definitions as data, work items, time limits in working days,
clock stops and the one service through which every transition passes. Only this app changes an
application's status or stages."""
