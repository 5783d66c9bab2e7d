"""The customer portal (客户服务): customers log in with their mobile number and see only their own data."""
