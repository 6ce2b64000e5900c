"""Example applications the notebooks point to, meant to be run outside a notebook."""
