"""Archive files to clean ``Article`` records: walk, decode to NFC, extract body and metadata."""
