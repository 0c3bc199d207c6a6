// The minimal residents' site: French first, user content always set as text, never as HTML.
'use strict';

const tenantMatch = /^\/t\/([a-z0-9-]+)\//.exec(location.pathname);
const tenantId = tenantMatch ? tenantMatch[1] : null;
const api = (path) => `/t/${tenantId}/api${path}`;
const params = new URLSearchParams(location.search);

const kindLabels = { offer: 'Propose', request: 'Cherche' };
const statusLabels = {
  pending_verification: 'en attente de confirmation',
  pending_moderation: 'en attente de relecture par la collectivité',
  published: 'publiée',
  closed: 'close',
  expired: 'expirée',
};
const errorMessages = {
  invalid_token: 'Ce lien n’est pas valable pour cette annonce.',
  token_already_used: 'Cette annonce est déjà confirmée.',
  post_expired: 'Cette annonce a expiré.',
  post_closed: 'Cette annonce est close.',
  not_found: 'Annonce introuvable : elle a peut-être été supprimée.',
  outside_area: 'Ce lieu est en dehors du territoire de la collectivité.',
  category_not_enabled: 'Cette catégorie n’est pas proposée ici.',
};

let categories = {};

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

async function call(method, path, body, token) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(api(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = response.status === 204 ? null : await response.json();
  if (!response.ok) {
    const error = new Error((data && data.error && data.error.message) || `HTTP ${response.status}`);
    error.code = data && data.error && data.error.code;
    error.details = (data && data.error && data.error.details) || [];
    throw error;
  }
  return data;
}

const explain = (error) => errorMessages[error.code] || 'Une erreur est survenue. Réessayez dans un instant.';
const formatDate = (iso) => new Date(iso).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' });

async function loadTenant() {
  const config = await call('GET', '/config');
  categories = Object.fromEntries(config.categories.map((category) => [category.id, category.label.fr]));
  for (const node of document.querySelectorAll('#tenant-name')) node.textContent = config.name;
  document.title = `${document.title.replace(/ — .*$/, '')} — ${config.name}`;
  return config;
}

function postSummary(post) {
  const item = el('li', undefined, 'post');
  const link = el('a', post.title);
  link.href = `annonce.html?post=${encodeURIComponent(post.id)}`;
  const heading = el('h3');
  heading.append(link);
  item.append(
    el('p', `${kindLabels[post.kind] || post.kind} · ${categories[post.category] || post.category}`, 'meta'),
    heading,
    el('p', post.description.length > 180 ? `${post.description.slice(0, 180)}…` : post.description),
    el('p', `${post.authorName} · ${formatDate(post.createdAt)}`, 'meta'),
  );
  return item;
}

async function tenantPage() {
  const config = await loadTenant();
  document.getElementById('title').textContent = `Entraide — ${config.name}`;
  const select = document.getElementById('category');
  for (const category of config.categories) {
    const option = el('option', category.label.fr);
    option.value = category.id;
    select.append(option);
  }
  document.getElementById('lat').value = String(config.area.center.lat);
  document.getElementById('lon').value = String(config.area.center.lon);
  document.getElementById('use-position').addEventListener('click', () => {
    navigator.geolocation.getCurrentPosition((position) => {
      document.getElementById('lat').value = position.coords.latitude.toFixed(5);
      document.getElementById('lon').value = position.coords.longitude.toFixed(5);
    });
  });

  const list = document.getElementById('posts');
  const more = document.getElementById('more');
  let cursor = null;
  async function loadPosts() {
    const page = await call('GET', `/posts?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (!cursor) list.replaceChildren();
    for (const post of page.items) list.append(postSummary(post));
    if (!list.children.length) list.append(el('li', 'Aucune annonce pour le moment.'));
    cursor = page.nextCursor;
    more.hidden = !cursor;
  }
  more.addEventListener('click', () => void loadPosts());
  await loadPosts();

  const form = document.getElementById('post-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const node of form.querySelectorAll('.error')) node.textContent = '';
    const status = document.getElementById('form-status');
    const data = new FormData(form);
    const body = {
      kind: data.get('kind'),
      category: data.get('category'),
      title: String(data.get('title')),
      description: String(data.get('description')),
      location: { lat: Number(data.get('lat')), lon: Number(data.get('lon')) },
      author: { name: String(data.get('name')), email: String(data.get('email')) },
    };
    try {
      await call('POST', '/posts', body);
      form.reset();
      status.textContent = 'Merci ! Un e-mail vient de vous être envoyé : ouvrez le lien qu’il contient pour publier votre annonce.';
    } catch (error) {
      status.textContent = error.code === 'invalid_input' ? 'Vérifiez les champs signalés.' : explain(error);
      for (const detail of error.details) {
        const field = document.getElementById(`${detail.path.split('.').slice(0, detail.path.startsWith('author') ? 2 : 1).join('.')}-error`);
        if (field) field.textContent = `À corriger : ${detail.message}`;
      }
    }
  });
}

async function postPage() {
  await loadTenant();
  const article = document.getElementById('post');
  try {
    const post = await call('GET', `/posts/${encodeURIComponent(params.get('post') || '')}`);
    article.replaceChildren(
      el('p', `${kindLabels[post.kind] || post.kind} · ${categories[post.category] || post.category}`, 'meta'),
      el('h1', post.title),
      el('p', post.description, 'description'),
      el('p', `Publiée par ${post.authorName} le ${formatDate(post.createdAt)}`, 'meta'),
      el('p', `Secteur : ${post.location.lat.toFixed(3)}, ${post.location.lon.toFixed(3)} (à environ 1 km près)`, 'meta'),
    );
  } catch (error) {
    article.replaceChildren(el('p', explain(error)));
  }
}

async function verifyPage() {
  await loadTenant();
  const status = document.getElementById('verify-status');
  const postId = params.get('post') || '';
  const token = params.get('token') || '';
  try {
    const result = await call('POST', `/posts/${encodeURIComponent(postId)}/verify`, { token });
    status.textContent =
      result.status === 'published'
        ? 'Merci ! Votre annonce est confirmée et publiée.'
        : 'Merci ! Votre annonce est confirmée : elle sera publiée après relecture par la collectivité.';
  } catch (error) {
    status.textContent = explain(error);
  }
  const manage = document.getElementById('manage-link');
  manage.href = `gerer.html?post=${encodeURIComponent(postId)}&token=${encodeURIComponent(token)}`;
  manage.hidden = false;
}

async function managePage() {
  await loadTenant();
  const status = document.getElementById('manage-status');
  const postId = encodeURIComponent(params.get('post') || '');
  const token = params.get('token') || '';
  const form = document.getElementById('edit-form');
  const actions = document.getElementById('actions');
  async function show() {
    const post = await call('GET', `/posts/${postId}/own`, undefined, token);
    status.textContent = `« ${post.title} » — ${statusLabels[post.status] || post.status}, jusqu’au ${formatDate(post.expiresAt)}.`;
    form.elements.title.value = post.title;
    form.elements.description.value = post.description;
    const open = post.status === 'published' || post.status === 'pending_moderation';
    form.hidden = !open;
    actions.hidden = false;
    document.getElementById('close-fulfilled').hidden = !open;
    document.getElementById('close-unneeded').hidden = !open;
  }
  const act = (action) => async () => {
    try {
      await action();
      await show();
    } catch (error) {
      status.textContent = explain(error);
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(() => call('PATCH', `/posts/${postId}`, { title: form.elements.title.value, description: form.elements.description.value }, token))();
  });
  document.getElementById('close-fulfilled').addEventListener('click', act(() => call('POST', `/posts/${postId}/close`, { reason: 'fulfilled' }, token)));
  document.getElementById('close-unneeded').addEventListener('click', act(() => call('POST', `/posts/${postId}/close`, { reason: 'no_longer_needed' }, token)));
  document.getElementById('delete').addEventListener('click', async () => {
    if (!window.confirm('Supprimer définitivement cette annonce et vos données ?')) return;
    try {
      await call('DELETE', `/posts/${postId}`, undefined, token);
      form.hidden = true;
      actions.hidden = true;
      status.textContent = 'Votre annonce et vos données personnelles ont été supprimées.';
    } catch (error) {
      status.textContent = explain(error);
    }
  });
  await act(async () => undefined)();
}

async function homePage() {
  const list = document.getElementById('tenants');
  const tenants = await (await fetch('/tenants.json')).json();
  list.replaceChildren(
    ...tenants.map((tenant) => {
      const item = el('li');
      const link = el('a', tenant.name);
      link.href = tenant.url;
      item.append(link);
      return item;
    }),
  );
}

const pages = { home: homePage, tenant: tenantPage, post: postPage, verify: verifyPage, manage: managePage };
const page = pages[document.body.dataset.page];
if (page) {
  page().catch((error) => {
    const main = document.getElementById('contenu');
    main.append(el('p', `Le service est momentanément indisponible (${error.message}).`, 'error'));
  });
}
