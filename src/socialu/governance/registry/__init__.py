"""The social media account registry: accounts, owners, reviews, imports and the daily check."""
