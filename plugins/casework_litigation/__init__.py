"""行政应诉 (litigation): a casework plugin, loaded through the entry point group ``casework``."""
