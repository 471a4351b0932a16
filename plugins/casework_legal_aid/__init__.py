"""法律援助 (legal_aid): a casework plugin, loaded through the entry point group ``casework``."""
