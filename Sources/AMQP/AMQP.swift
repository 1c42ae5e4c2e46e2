// The AMQP module; see the other files in this folder.
