/** The Python rules the Python tests run: every rule of the registry with a Python reading. */
export { pythonRules } from '../../server/src/rules';
