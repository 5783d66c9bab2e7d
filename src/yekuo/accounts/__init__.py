"""Log-in accounts. Staff and customers are two kinds of account that never share pages."""
