// The Domain module; see the other files in this folder.
