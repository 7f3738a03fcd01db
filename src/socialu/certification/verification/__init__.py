"""Public certificate verification: anyone holding a code may check a certificate."""
