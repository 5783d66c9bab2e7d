"""Chinese working days (工作日): a table of every day of each loaded year, with holidays and 调休."""
