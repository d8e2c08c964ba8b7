"""Pictures of the graph: the interactive page (:mod:`~.view`: what to draw; :mod:`~.html`:
the page), the backers heatmap (:mod:`~.chart`) and a state's stances over time
(:mod:`~.timeline`).
"""
