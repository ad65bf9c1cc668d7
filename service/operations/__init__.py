"""What a user or the clock can do, one module per part of the lifecycle; views and commands call
these, never the engine or the models directly."""
