"""Running the learner's code: a fork server that imports MXNet once and forks a sandboxed child
per call. Only plain (JSON) data leaves a child."""
