"""The utility's organisation: units in a tree, their responsible heads, staff and the roles they hold."""
