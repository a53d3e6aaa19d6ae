"""The journal: the durable record of everything that happened (SQLite), and the history's
importers and exports. Knows nothing of Qt."""
