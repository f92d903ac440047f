# The fuzz targets: tests/fuzz/fuzz_<name>.cpp with seeds in tests/fuzz/corpus/<name>/. Read by the fuzz build,
# the CTest smoke run and scripts/fuzz (make fuzz).
set(BALCAO_FUZZ_TARGETS binary_decoder noise_frames message_content pairing command_json stanzas http_request
    web_socket media)
