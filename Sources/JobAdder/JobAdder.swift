// The JobAdder module; see the other files in this folder.
