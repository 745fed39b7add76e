"""Flows: one command's work from options to sinks (say, stream), above the transports of api/
and the sinks of audio/. The CLI parses and renders; a flow decides where the audio goes and
moves it there."""
