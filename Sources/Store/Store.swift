// The Store module; see the other files in this folder.
