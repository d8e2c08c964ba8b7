/* peacekg viz: draws the embedded network with vis-network.
 * Document text only ever reaches the DOM through textContent: never innerHTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("peacekg-data").textContent);
  var container = document.getElementById("network");
  var loading = document.getElementById("loading");
  var details = document.getElementById("details");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function tipElement(tip) {
    var root = el("div", "pk-tip");
    root.appendChild(el("div", "pk-tip-title", tip.label));
    if (tip.meta) root.appendChild(el("div", "pk-tip-meta", tip.meta));
    var quotes = tip.quotes || [];
    if (quotes.length) {
      var ul = el("ul", "pk-quotes");
      quotes.forEach(function (q) {
        var li = el("li");
        li.appendChild(el("q", null, q.text));
        li.appendChild(el("span", "pk-source", q.source));
        ul.appendChild(li);
      });
      root.appendChild(ul);
    }
    return root;
  }

  var nodeItems = data.nodes.map(function (n) {
    var item = Object.assign({}, n);
    item.title = tipElement(n.tip);  // an Element: vis-network shows it as is, never parses it
    return item;
  });
  var edgeItems = data.edges.map(function (e) {
    var item = Object.assign({}, e);
    item.title = tipElement(e.tip);
    return item;
  });
  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);

  window.peacekgNodeCount = nodes.length;
  window.peacekgEdgeCount = edges.length;
  window.peacekgReady = false;

  function finish() {
    loading.hidden = true;
    window.peacekgReady = true;
  }

  if (nodes.length === 0) {
    loading.hidden = true;
    container.appendChild(el("div", null, "Nothing to draw for this view."));
    window.peacekgReady = true;
    return;
  }

  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.peacekgNetwork = network;

  network.on("stabilizationProgress", function (p) {
    loading.textContent = "Laying out the network… " + Math.round((100 * p.iterations) / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });  // freeze: nodes stay where dropped
    network.fit({ animation: false });
    finish();
  });
  // A network that needs no stabilisation (e.g. one node) may not fire the event.
  setTimeout(function () {
    if (!window.peacekgReady) {
      network.stopSimulation();
      network.setOptions({ physics: { enabled: false } });
      finish();
    }
  }, 60000);

  function showDetails(kind, id) {
    details.textContent = "";
    var item = kind === "node" ? nodes.get(id) : edges.get(id);
    if (!item) return;
    var box = tipElement(item.tip);
    if (kind === "node") {
      box.appendChild(el("div", "pk-tip-iri", item.tip.iri));
      var around = [];
      network.getConnectedEdges(id).forEach(function (eid) {
        var e = edges.get(eid);
        var other = nodes.get(e.from === id ? e.to : e.from);
        if (other) around.push({ label: other.tip.label, meta: e.tip.meta, value: e.value || 0 });
      });
      around.sort(function (a, b) { return b.value - a.value; });
      if (around.length) {
        box.appendChild(el("div", "pk-tip-meta", "Connected to " + around.length + ":"));
        var ul = el("ul", "pk-neighbours");
        around.slice(0, 40).forEach(function (a) { ul.appendChild(el("li", null, a.label + " — " + a.meta)); });
        box.appendChild(ul);
      }
    }
    details.appendChild(box);
  }
  window.peacekgShowDetails = showDetails;

  network.on("click", function (params) {
    if (params.nodes.length) showDetails("node", params.nodes[0]);
    else if (params.edges.length) showDetails("edge", params.edges[0]);
  });

  var list = document.getElementById("find-list");
  var byLabel = {};
  nodes.forEach(function (n) {
    var label = n.tip.label;
    byLabel[label.toLowerCase()] = n.id;
    var option = document.createElement("option");
    option.value = label;
    list.appendChild(option);
  });
  document.getElementById("find").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = document.getElementById("find-input").value.trim().toLowerCase();
    if (!q) return;
    var id = byLabel[q];
    if (id === undefined) {
      var hit = nodes.get({ filter: function (n) { return n.tip.label.toLowerCase().indexOf(q) >= 0; } });
      if (hit.length) id = hit[0].id;
    }
    if (id === undefined) return;
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: { duration: 400 } });
    showDetails("node", id);
  });

  var focus = nodes.get({ filter: function (n) { return n.focus === true; } });
  if (focus.length) {
    network.once("stabilizationIterationsDone", function () {
      network.selectNodes([focus[0].id]);
      showDetails("node", focus[0].id);
    });
  }
})();
