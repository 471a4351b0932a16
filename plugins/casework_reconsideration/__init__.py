"""行政复议 (reconsideration): a casework plugin, loaded through the entry point group ``casework``."""
