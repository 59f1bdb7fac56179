/** Spec files' databases are named `<template>_spec_<pid>_<6 hex>`, so teardown finds leftovers and nothing else. */
export const suiteDatabasePrefix = (templateName: string) => `${templateName}_spec_`;
