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
    window.peacekgReadyAt = performance.now();  // ms since the page started loading
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

  var onReady = [];
  function whenReady(f) { if (window.peacekgReady) f(); else onReady.push(f); }
  function ready() {
    network.fit({ animation: false });
    finish();
    onReady.forEach(function (f) { f(); });
  }
  if (!data.options.physics.enabled) {
    ready();  // positions were computed when the page was written: nothing to lay out
  } else {
    network.on("stabilizationProgress", function (p) {
      loading.textContent = "Laying out the network… " + Math.round((100 * p.iterations) / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });  // freeze: nodes stay where dropped
      ready();
    });
    // A network that needs no stabilisation (e.g. one node) may not fire the event.
    setTimeout(function () {
      if (!window.peacekgReady) {
        network.stopSimulation();
        network.setOptions({ physics: { enabled: false } });
        ready();
      }
    }, 60000);
  }

  // --- filters: target, minimum count, top-N actors, region, years ------------------------
  var fTarget = document.getElementById("f-target");
  var fMin = document.getElementById("f-min");
  var fTop = document.getElementById("f-top");
  var fRegion = document.getElementById("f-region");
  var fFrom = document.getElementById("f-from");
  var fTo = document.getElementById("f-to");
  var fShown = document.getElementById("f-shown");
  // the years of the edges (e.years: [[year or null, count], ...], adding up to e.value)
  var firstYear = null, lastYear = null;
  edges.forEach(function (e) {
    (e.years || []).forEach(function (p) {
      if (p[0] === null) return;
      if (firstYear === null || p[0] < firstYear) firstYear = p[0];
      if (lastYear === null || p[0] > lastYear) lastYear = p[0];
    });
  });
  [fFrom, fTo].forEach(function (input) {
    if (firstYear === null) { input.disabled = true; return; }
    input.min = String(firstYear);
    input.max = String(lastYear);
  });
  if (firstYear !== null) { fFrom.placeholder = String(firstYear); fTo.placeholder = String(lastYear); }

  function year(input) {
    var y = parseInt(input.value, 10);
    return isNaN(y) ? null : y;
  }
  // what an edge counts within the years asked for (all of it when none are)
  function edgeValue(e, from, to) {
    if (from === null && to === null) return e.value;
    var v = 0;
    (e.years || []).forEach(function (p) {
      if (p[0] !== null && (from === null || p[0] >= from) && (to === null || p[0] <= to)) v += p[1];
    });
    return v;
  }
  var actorIds = {};
  edges.forEach(function (e) { actorIds[e.from] = true; });
  var targets = nodes.get({ filter: function (n) { return !actorIds[n.id]; } });
  targets.sort(function (a, b) { return a.tip.label.localeCompare(b.tip.label); });
  targets.forEach(function (n) {
    var o = document.createElement("option");
    o.value = n.id;
    o.textContent = n.tip.label;
    fTarget.appendChild(o);
  });
  var regions = {};
  nodes.forEach(function (n) {
    if (n.region) regions[n.region] = true;
    if (n.subregion) regions[n.subregion] = true;
  });
  Object.keys(regions).sort().forEach(function (r) {
    var o = document.createElement("option");
    o.value = r;
    o.textContent = r;
    fRegion.appendChild(o);
  });
  var nActors = Object.keys(actorIds).length;
  fTop.value = String(nActors);
  fTop.max = String(nActors);

  function applyFilters() {
    var target = fTarget.value, region = fRegion.value;
    var min = Math.max(0, parseInt(fMin.value, 10) || 0);
    var top = Math.max(1, parseInt(fTop.value, 10) || nActors);
    var from = year(fFrom), to = year(fTo);
    var value = {}, weight = {};
    edges.forEach(function (e) {
      value[e.id] = edgeValue(e, from, to);
      var v = value[e.id];
      if (v <= 0 || v < min || (target && e.to !== target)) return;
      var a = nodes.get(e.from);
      if (region && a.ptype === "State" && a.region !== region && a.subregion !== region) return;
      weight[e.from] = (weight[e.from] || 0) + v;
    });
    var ranked = Object.keys(weight).sort(function (a, b) { return weight[b] - weight[a]; });
    var keep = {};
    ranked.slice(0, top).forEach(function (id) { keep[id] = true; });
    var visible = {}, edgeUpdates = [], nodeUpdates = [];
    edges.forEach(function (e) {
      var v = value[e.id];
      var show = !!keep[e.from] && v > 0 && v >= min && (!target || e.to === target);
      if (show) { visible[e.from] = true; visible[e.to] = true; }
      edgeUpdates.push({ id: e.id, hidden: !show });
    });
    nodes.forEach(function (n) { nodeUpdates.push({ id: n.id, hidden: !visible[n.id] }); });
    edges.update(edgeUpdates);
    nodes.update(nodeUpdates);
    var shownActors = Object.keys(keep).filter(function (id) { return visible[id]; }).length;
    fShown.textContent = "Showing " + shownActors + " of " + nActors + " actors" +
      (shownActors < nActors ? " (" + (nActors - shownActors) + " left out by the filters)." : ".");
  }
  [fTarget, fMin, fTop, fRegion, fFrom, fTo].forEach(function (input) {
    input.addEventListener("change", applyFilters);
    input.addEventListener("input", applyFilters);
  });
  window.peacekgApplyFilters = applyFilters;
  applyFilters();

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
    whenReady(function () {
      network.selectNodes([focus[0].id]);
      showDetails("node", focus[0].id);
    });
  }
})();
