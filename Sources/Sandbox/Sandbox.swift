// The Sandbox module: a JobAdder API stand-in.
