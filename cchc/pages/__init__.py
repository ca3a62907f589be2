"""What every content app's page models share, below all of them (decision 0015).

Not a Django app: mixins and helpers for Wagtail page models (`public`: no view-restriction
queries and the statistics tag; `slugs`; `links`; `tree`) and the contract through which page
types tell the apps above them what they are (`viewtag`: the kind a page counts as; `searchable`:
the document a page gives the search index). Nothing here imports a cchc app.
"""
