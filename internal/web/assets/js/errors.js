// Friendly messages for API errors.

import {h, message} from './dom.js';

// explain turns an ApiError into a notice a person can act on.
export function explain(e, what) {
  switch (e.code) {
    case 'unauthorized':
      return message('warn', 'This server needs an API key.', 'Open "API key" at the top right, paste a key (vigil keys create) and press Use.');
    case 'bad_address':
      return message('warn', 'That is not a valid address.', e.message);
    case 'unknown_chain':
      return message('warn', 'Unknown chain.', e.message);
    case 'not_found':
      return message('warn', (what || 'That') + ' was not found.', e.message);
    case 'not_implemented':
      return message('info', 'Not available on this server.', e.message);
    case 'missing_parameter':
    case 'bad_parameter':
    case 'bad_request':
      return message('warn', 'That request is not valid.', e.message);
    case 'network':
      return message('error', 'The server is not reachable.', e.message);
  }
  return message('error', 'The server could not answer.', e.message || String(e), e.code ? h('span', {class: 'muted'}, ' (' + e.code + ')') : '');
}
