"""The ecosystem: cards linked by their dependencies into a graph, risks inherited along it, impact.

Foundation models are built in a chain (data creation -> curation -> training ->
adaptation -> deployment), so a flaw upstream reaches everything built on top.
"""

from cardgen.ecosystem.graph import Edge, Graph, Loaded, Node, load_graph

__all__ = ["Edge", "Graph", "Loaded", "Node", "load_graph"]
