"""What every screen shares: the record editor and its saver, a list beside an editor, form
helpers and dates, questions and errors told as sentences, the guard for late results, and
the loading cycle of lists. Kept free of pages, so any page may use it."""
