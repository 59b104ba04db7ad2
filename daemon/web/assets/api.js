// Talking to insoled: JSON over HTTP and the live WebSocket, with the optional token.
// The token comes from the page's own URL (?token=...) once; it is kept in sessionStorage
// and sent as "Authorization: Bearer" on fetches and as ?token= on the WebSocket.

const TOKEN_KEY = 'insole.token';

function readToken() {
  const params = new URLSearchParams(window.location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    // Take the token out of the address bar so it is not bookmarked or shared by accident.
    params.delete('token');
    const rest = params.toString();
    const url = window.location.pathname + (rest ? '?' + rest : '') + window.location.hash;
    window.history.replaceState(null, '', url);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

const token = readToken();

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  const init = { method, headers };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'insoled does not answer (is it running?)');
  }
  let data = null;
  try {
    data = await response.json();
  } catch (e) {
    data = null;
  }
  if (!response.ok) {
    const why = data && data.error ? data.error : response.status + ' ' + response.statusText;
    if (response.status === 401) {
      throw new ApiError(401, 'insoled wants its token: open the page as /?token=YOUR_TOKEN');
    }
    throw new ApiError(response.status, why);
  }
  return data;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, body === undefined ? {} : body),
  put: (path, body) => request('PUT', path, body),
  del: (path) => request('DELETE', path),
};

// URL of a WebSocket endpoint on this server, with the token if there is one.
export function wsUrl(path) {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  let url = scheme + '//' + window.location.host + path;
  if (token) url += (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token);
  return url;
}

// URL of a file to download from this server (a plain link sends no header), with the token.
export function fileUrl(path) {
  return token ? path + (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token) : path;
}
