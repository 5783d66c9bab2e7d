"""The staff workbench (工作台): log-in for staff, a home page per role, staff-only pages."""
