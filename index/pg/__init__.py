"""The library on a PostgreSQL server with pgvector: the team backend beside the embedded folder library."""
