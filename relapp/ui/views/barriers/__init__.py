"""Barriers & changes: the page (page.py), its two tabs (barriers_tab.py, change_tests.py) and
the short form opened from a visit (quick_form.py). How their values read, shared with the
supervisor's board, is relapp/ui/barrier_labels.py."""

from relapp.ui.views.barriers.page import BarriersPage

__all__ = ["BarriersPage"]
