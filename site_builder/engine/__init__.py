"""The incremental machinery: memo stores, fingerprints, the input stamp and the parallel map. It knows keys, stores and files, not briefings."""
