// The Mail module; see the other files in this folder.
