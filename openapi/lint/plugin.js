// The project's own Redocly rules: the facts code reads from the document (its x- extensions)
// are present and well formed. Redocly's configurable rules (redocly.yaml's rule/...) can say
// that a key is present, not that a map's keys are an enum's values, so these are code.
'use strict';

const ERROR_CODES = 'ErrorCode';

function isPositiveInteger(value) {
  return Number.isInteger(value) && value >= 1;
}

// info.x-snapshots-per-server: how many snapshots a server holds, a positive integer.
function SnapshotsPerServer() {
  return {
    Info(info, ctx) {
      const value = info['x-snapshots-per-server'];
      if (value === undefined) {
        ctx.report({
          message: 'info carries x-snapshots-per-server, the per-server snapshot limit.',
          location: ctx.location.key(),
        });
      } else if (!isPositiveInteger(value)) {
        ctx.report({
          message: `x-snapshots-per-server is a positive integer, not ${JSON.stringify(value)}.`,
          location: ctx.location.child(['x-snapshots-per-server']),
        });
      }
    },
  };
}

// components.schemas.ErrorCode.x-error-statuses: each code of the enum, and no other, mapped to
// an HTTP error status (400-599); and each shared error response's examples carry a code that
// goes with the response's status.
function ErrorStatuses() {
  return {
    Root: {
      leave(root, ctx) {
        const schemas = (root.components && root.components.schemas) || {};
        const schema = schemas[ERROR_CODES];
        const base = ctx.location.child(['components', 'schemas', ERROR_CODES]);
        if (!schema) {
          ctx.report({ message: `components.schemas has no ${ERROR_CODES}.`, location: ctx.location });
          return;
        }
        const statuses = schema['x-error-statuses'];
        if (statuses === null || typeof statuses !== 'object' || Array.isArray(statuses)) {
          ctx.report({
            message: `${ERROR_CODES} carries x-error-statuses: a map of each code to its HTTP status.`,
            location: base.key(),
          });
          return;
        }
        const codes = Array.isArray(schema.enum) ? schema.enum : [];
        for (const code of codes) {
          if (!(code in statuses)) {
            ctx.report({
              message: `x-error-statuses has no status for the error code '${code}'.`,
              location: base.child(['x-error-statuses']).key(),
            });
          }
        }
        for (const [code, status] of Object.entries(statuses)) {
          const where = base.child(['x-error-statuses', code]);
          if (!codes.includes(code)) {
            ctx.report({ message: `x-error-statuses names '${code}', which ${ERROR_CODES}'s enum does not.`, location: where.key() });
          } else if (!Number.isInteger(status) || status < 400 || status > 599) {
            ctx.report({ message: `The status of '${code}' is an HTTP error status (400-599), not ${JSON.stringify(status)}.`, location: where });
          }
        }
        checkOperations(root, statuses, ctx);
      },
    },
  };
}

function resolve(root, node) {
  while (node && typeof node.$ref === 'string' && node.$ref.startsWith('#/')) {
    node = node.$ref.slice(2).split('/').reduce(
      (at, part) => (at ? at[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined),
      root,
    );
  }
  return node;
}

function checkOperations(root, statuses, ctx) {
  for (const [path, item] of Object.entries(root.paths || {})) {
    for (const [method, operation] of Object.entries(item || {})) {
      const responses = (operation && operation.responses) || {};
      for (const [status, raw] of Object.entries(responses)) {
        const response = resolve(root, raw);
        const content = (response && response.content) || {};
        for (const media of Object.values(content)) {
          for (const [name, rawExample] of Object.entries((media && media.examples) || {})) {
            const example = resolve(root, rawExample);
            const code = example && example.value && example.value.error && example.value.error.code;
            if (typeof code === 'string' && code in statuses && String(statuses[code]) !== status) {
              ctx.report({
                message: `The example '${name}' of ${method.toUpperCase()} ${path} ${status} has the code '${code}', whose status is ${statuses[code]}.`,
                location: ctx.location.child(['paths', path, method, 'responses', status]),
              });
            }
          }
        }
      }
    }
  }
}

module.exports = function snapshotsPlugin() {
  return {
    id: 'snapshots',
    rules: {
      oas3: {
        'snapshots-per-server': SnapshotsPerServer,
        'error-statuses': ErrorStatuses,
      },
    },
  };
};
