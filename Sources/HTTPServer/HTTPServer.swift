// The HTTPServer module; see the other files in this folder.
