// The WorkerKit module; see the other files in this folder.
