"""The vendored SDK tests run in the SDK's own environment (test_sdk_api.py), never here: they
import `cartesia`, which this project does not install. sdk_conftest.py runs only there too."""

collect_ignore = ["vendor", "sdk_conftest.py"]
