// The Postgres module; see the other files in this folder.
