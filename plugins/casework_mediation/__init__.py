"""人民调解 (mediation): a casework plugin, loaded through the entry point group ``casework``."""
