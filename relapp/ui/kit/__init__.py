"""The app's small shared pieces of user interface: dialogs first."""
