// The HTTPClient module; see the other files in this folder.
