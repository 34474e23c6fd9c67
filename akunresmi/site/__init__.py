"""The site: views of the model, pages, search, open data and the other exports."""
